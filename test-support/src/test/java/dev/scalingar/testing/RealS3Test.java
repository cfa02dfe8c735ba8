package dev.scalingar.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

@RealInfra
class RealS3Test {

  @Test
  void pngPutReadBackAndFetchedThroughAPresignedUrl(TestS3 s3) throws Exception {
    byte[] png = png();
    String key = "jobs/j-0001/image.png";
    s3.client()
        .putObject(
            PutObjectArgs.builder().bucket(s3.bucket()).object(key).stream(
                    new ByteArrayInputStream(png), png.length, -1)
                .contentType("image/png")
                .userMetadata(Map.of("job", "j-0001"))
                .build());

    var stat =
        s3.client().statObject(StatObjectArgs.builder().bucket(s3.bucket()).object(key).build());
    assertThat(stat.size()).isEqualTo(png.length);
    assertThat(stat.contentType()).isEqualTo("image/png");
    assertThat(stat.userMetadata()).containsEntry("job", "j-0001");
    try (InputStream in =
        s3.client().getObject(GetObjectArgs.builder().bucket(s3.bucket()).object(key).build())) {
      byte[] back = in.readAllBytes();
      assertThat(back).isEqualTo(png);
      assertThat(ImageIO.read(new ByteArrayInputStream(back)).getRGB(1, 1))
          .isEqualTo(Color.RED.getRGB());
    }
    assertThat(
            s3.client()
                .listObjects(
                    ListObjectsArgs.builder()
                        .bucket(s3.bucket())
                        .prefix("jobs/")
                        .recursive(true)
                        .build()))
        .hasSize(1);

    String url =
        s3.client()
            .getPresignedObjectUrl(
                GetPresignedObjectUrlArgs.builder()
                    .method(Method.GET)
                    .bucket(s3.bucket())
                    .object(key)
                    .expiry(1, TimeUnit.HOURS)
                    .build());
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<byte[]> ok =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo(png);

    // The server really checks SigV4: an altered signature is refused.
    String tampered =
        url.replaceFirst(
            "X-Amz-Signature=([0-9a-f])",
            "X-Amz-Signature=" + (url.contains("X-Amz-Signature=0") ? "1" : "0"));
    assertThat(tampered).isNotEqualTo(url);
    HttpResponse<byte[]> refused =
        http.send(
            HttpRequest.newBuilder(URI.create(tampered)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(refused.statusCode()).isEqualTo(403);
  }

  @Test
  void eachTestHasItsOwnBucket(TestS3 s3) {
    assertThatThrownBy(
            () ->
                s3.client()
                    .statObject(
                        StatObjectArgs.builder()
                            .bucket(s3.bucket())
                            .object("jobs/j-0001/image.png")
                            .build()))
        .isInstanceOf(ErrorResponseException.class)
        .hasMessageContaining("does not exist");
  }

  private static byte[] png() throws IOException {
    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, 32, 32);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
