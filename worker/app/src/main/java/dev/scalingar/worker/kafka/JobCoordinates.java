package dev.scalingar.worker.kafka;

import dev.scalingar.schemas.JobRequest;
import org.apache.kafka.common.TopicPartition;

/** Where a job came from (for its offset commit) and what it asked; the engine carries it along. */
public record JobCoordinates(TopicPartition partition, long offset, JobRequest request, int attempt, long receivedNanos) {}
