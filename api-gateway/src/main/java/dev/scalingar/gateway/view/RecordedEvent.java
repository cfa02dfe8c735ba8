package dev.scalingar.gateway.view;

import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.events.JobEvent;

/**
 * One job event as the view applied it (deduplicated), kept in the job's bounded history so that a
 * stream resumed with {@code Last-Event-ID} gets what it missed.
 *
 * @param eventId the CloudEvent id ({@code {job}/progress/32})
 */
public record RecordedEvent(String eventId, EventType type, JobEvent event) {}
