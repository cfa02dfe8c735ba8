/**
 * The ScalingAR gateway: the public job API over Kafka (see api-gateway/README.md). Depends on the
 * wire contract (scalingar-schemas) and ShapesWorld's grammar, never on the worker.
 */
package dev.scalingar.gateway;
