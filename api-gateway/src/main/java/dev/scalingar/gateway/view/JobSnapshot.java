package dev.scalingar.gateway.view;

import dev.scalingar.schemas.JobRequest;
import dev.scalingar.schemas.events.JobCancelled;
import dev.scalingar.schemas.events.JobCompleted;
import dev.scalingar.schemas.events.JobFailed;
import dev.scalingar.schemas.events.JobProgress;
import dev.scalingar.schemas.events.JobStarted;
import java.time.Instant;
import java.util.Optional;

/**
 * One job as the view knows it at one moment; immutable, so it can leave the view's lock.
 *
 * @param request the job record from scalingar.jobs.{model}.v1 (empty while only events were seen)
 * @param canonicalPrompt the prompt in the grammar's words, from the accepted event (empty before
 *     it, for models without a grammar, and for jobs accepted by a gateway that did not write it)
 * @param specDigest digest of the client's spec (idempotency), from the job record's extension
 * @param prunedTrajectories trajectory.pruned events seen
 * @param terminalEventId id of the event that finished the job (the webhook-id of its webhook)
 */
public record JobSnapshot(
    String jobId,
    String tenant,
    JobStatus status,
    Optional<JobRequest> request,
    Optional<String> canonicalPrompt,
    Optional<String> specDigest,
    Instant updatedAt,
    Optional<JobStarted> started,
    Optional<JobProgress> progress,
    int prunedTrajectories,
    Optional<JobCompleted> completed,
    Optional<JobFailed> failed,
    Optional<JobCancelled> cancelled,
    Optional<String> terminalEventId,
    Optional<Instant> terminalAt) {}
