/** Accepting and cancelling jobs: validation, idempotency, limits, and the write to Kafka. */
package dev.scalingar.gateway.submit;
