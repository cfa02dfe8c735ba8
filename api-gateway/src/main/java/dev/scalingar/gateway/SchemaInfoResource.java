package dev.scalingar.gateway;

import dev.scalingar.schemas.WireSchemas;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Lists the wire schemas this gateway speaks. The job API itself (POST /v1/jobs ...) lands with
 * the gateway issue; until then this proves the Quarkus module builds against the shared schemas.
 */
@Path("/v1/schemas")
public class SchemaInfoResource {

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<String> schemas() {
    return WireSchemas.names();
  }
}
