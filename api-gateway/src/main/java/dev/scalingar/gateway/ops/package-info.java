/** Health checks (liveness, readiness with the broker). */
package dev.scalingar.gateway.ops;
