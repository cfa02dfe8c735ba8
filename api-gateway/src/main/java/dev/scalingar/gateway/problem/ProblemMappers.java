package dev.scalingar.gateway.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves as problem+json: our own {@link ProblemException}s, the framework's HTTP
 * errors (404 route, 405, 415, ...) and anything unexpected, which is logged with an id and
 * answered 500 without a stack trace.
 */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response problem(ProblemException e, UriInfo uri) {
    return ProblemResponses.of(e.problem().withInstance(uri.getPath()));
  }

  @ServerExceptionMapper
  public Response http(WebApplicationException e, UriInfo uri) {
    Response original = e.getResponse();
    int status = original == null ? 500 : original.getStatus();
    if (status < 400) {
      return original; // not an error (204 No Content of a finished event stream, a redirect)
    }
    if (status >= 500) {
      return unexpected(e, uri);
    }
    Response.StatusType type = Response.Status.fromStatusCode(status);
    String title = type == null ? "HTTP " + status : type.getReasonPhrase();
    Problem p =
        status == 404
            ? Problem.notFound("no resource at " + uri.getPath())
            : Problem.http(status, title, e.getMessage() == null ? title : e.getMessage());
    Response.ResponseBuilder r =
        Response.fromResponse(ProblemResponses.of(p.withInstance(uri.getPath())));
    if (original != null && original.getHeaderString("Allow") != null) {
      r.header("Allow", original.getHeaderString("Allow"));
    }
    return r.build();
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e, UriInfo uri) {
    String errorId = UUID.randomUUID().toString();
    LOG.errorf(e, "error %s while handling %s", errorId, uri.getPath());
    return ProblemResponses.of(Problem.internal(errorId).withInstance(uri.getPath()));
  }
}
