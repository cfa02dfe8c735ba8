/**
 * The Kafka edge: the producer of job records, the feed of the status view, trace context headers.
 */
package dev.scalingar.gateway.kafka;
