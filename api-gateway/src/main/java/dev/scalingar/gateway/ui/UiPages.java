package dev.scalingar.gateway.ui;

import dev.scalingar.gateway.problem.Problem;
import dev.scalingar.gateway.problem.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The three pages of the web view. Each is the same static HTML for everyone: a navigation cannot
 * carry the API key (it lives in the page's sessionStorage and goes only into Authorization
 * headers), so the pages hold no data; their scripts fetch it from /v1 with the key, and a job of
 * another tenant renders the API's 404. Scripts, styles and uPlot are static resources under
 * /ui/assets and /webjars, served by Quarkus.
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class UiPages {

  /**
   * The job id pattern of common.schema.json: anything else cannot be a job, so it is a 404 here
   * already.
   */
  private static final Pattern JOB_ID = Pattern.compile("^[A-Za-z0-9_-]{8,64}$");

  /**
   * Only our own scripts run (no inline script: a stored prompt can never execute), and nothing is
   * framed. Images and the trace come from the object store's presigned URLs, another origin.
   */
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
          + "img-src 'self' data: http: https:; connect-src 'self' http: https:; frame-ancestors 'none'; "
          + "form-action 'self'; base-uri 'none'";

  private final Map<String, byte[]> pages = new ConcurrentHashMap<>();

  @GET
  @Operation(hidden = true)
  public Response jobs() {
    return page("jobs.html");
  }

  @GET
  @Path("/jobs/{id}")
  @Operation(hidden = true)
  public Response job(@PathParam("id") String jobId) {
    if (!JOB_ID.matcher(jobId).matches()) {
      throw new ProblemException(Problem.notFound("no job " + jobId));
    }
    return page("job.html");
  }

  @GET
  @Path("/fleet")
  @Operation(hidden = true)
  public Response fleet() {
    return page("fleet.html");
  }

  private Response page(String name) {
    byte[] html = pages.computeIfAbsent(name, UiPages::load);
    return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
        .header("Content-Security-Policy", CSP)
        .header(
            "Referrer-Policy",
            "no-referrer") // presigned URLs and stream tokens stay out of Referer
        .header("X-Content-Type-Options", "nosniff")
        .header("Cache-Control", "no-cache")
        .build();
  }

  private static byte[] load(String name) {
    try (InputStream in = UiPages.class.getResourceAsStream("/ui/" + name)) {
      if (in == null) {
        throw new IllegalStateException("page ui/" + name + " is not on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
