package dev.scalingar.worker.kafka;

import dev.scalingar.schemas.JobRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a job came from (for its offset commit) and what it asked; the engine carries it along.
 *
 * @param record the record itself, so that a job that fails for good is dead-lettered byte for byte
 *     (a job request is a few hundred bytes; only jobs this worker holds are kept)
 */
public record JobCoordinates(
    TopicPartition partition,
    long offset,
    JobRequest request,
    int attempt,
    long receivedNanos,
    ConsumerRecord<String, byte[]> record) {

  /** The same record run again, as attempt {@code attempt}. */
  public JobCoordinates withAttempt(int attempt) {
    return new JobCoordinates(partition, offset, request, attempt, receivedNanos, record);
  }
}
