/**
 * The fleet as the gateway sees it on the events topic: workers' heartbeats and per-minute rates;
 * no Kafka or HTTP types here.
 */
package dev.scalingar.gateway.fleet;
