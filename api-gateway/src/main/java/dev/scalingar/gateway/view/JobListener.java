package dev.scalingar.gateway.view;

import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.events.JobEvent;

/**
 * Told about each new event of one job (SSE streams); called under the job's lock, so it must not
 * block.
 */
public interface JobListener {

  void onEvent(String eventId, EventType type, JobEvent event, JobSnapshot after);
}
