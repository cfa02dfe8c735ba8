package dev.scalingar.gateway.rest;

import dev.scalingar.gateway.tenant.TenantDirectory;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

@Path("/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "apiKey")
public class WebhooksApi {

  @Inject TenantDirectory tenants;

  @GET
  @Path("/secret")
  @Operation(summary = "The caller's webhook signing secret (Standard Webhooks, whsec_...)")
  public WebhookSecret secret(
      @HeaderParam(HttpHeaders.AUTHORIZATION) @Parameter(hidden = true) String authorization) {
    return new WebhookSecret(
        tenants.authenticate(authorization).webhookSecret(), "standard-webhooks-v1");
  }
}
