package dev.scalingar.cli.chaos;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the object sets each job has in the bucket: one set is one {@code manifest.json} under
 * {@code jobs/{jobId}/} (written last, so it stands for a whole set; docs/design.md, "Object
 * layout"). Keys are deterministic per job, so a job run twice overwrites its one set; a second set
 * (under any deeper prefix) would be a duplicate.
 */
final class ObjectCensus {

  private ObjectCensus() {}

  static Map<String, Integer> setsPerJob(
      String endpoint, String accessKey, String secretKey, String bucket) throws Exception {
    MinioClient s3 =
        MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).build();
    Map<String, Integer> sets = new HashMap<>();
    for (Result<Item> r :
        s3.listObjects(
            ListObjectsArgs.builder().bucket(bucket).prefix("jobs/").recursive(true).build())) {
      String key = r.get().objectName();
      if (key.endsWith("/manifest.json")) {
        String job = key.substring("jobs/".length()).split("/", 2)[0];
        sets.merge(job, 1, Integer::sum);
      }
    }
    return sets;
  }
}
