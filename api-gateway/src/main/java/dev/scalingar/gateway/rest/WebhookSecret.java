package dev.scalingar.gateway.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The caller's Standard Webhooks signing secret; verify each delivery's webhook-signature with it.
 */
public record WebhookSecret(
    @JsonProperty("secret") String secret, @JsonProperty("scheme") String scheme) {}
