/** API keys (as SHA-256 hashes) to tenants, and each tenant's rate limit. */
package dev.scalingar.gateway.tenant;
