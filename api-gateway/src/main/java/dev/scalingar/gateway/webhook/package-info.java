/** Standard Webhooks delivery: signing, the private-address guard, retries. */
package dev.scalingar.gateway.webhook;
