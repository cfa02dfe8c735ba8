/**
 * The job-status view folded from scalingar.jobs.{model}.v1 and scalingar.events.v1; no Kafka or
 * HTTP types here.
 */
package dev.scalingar.gateway.view;
