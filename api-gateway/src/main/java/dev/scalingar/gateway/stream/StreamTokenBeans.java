package dev.scalingar.gateway.stream;

import dev.scalingar.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** The gateway's one {@link StreamTokens}, keyed from {@code gateway.ui.stream-token-key}. */
@ApplicationScoped
public class StreamTokenBeans {

  private static final Logger LOG = Logger.getLogger(StreamTokenBeans.class);

  @Produces
  @Singleton
  StreamTokens streamTokens(GatewayConfig config) {
    if (config.ui().streamTokenKey().isEmpty()) {
      LOG.info(
          "gateway.ui.stream-token-key not set: stream tokens are signed with a random key of this process");
    }
    return new StreamTokens(
        StreamTokens.key(config.ui().streamTokenKey()), config.ui().streamTokenTtl());
  }
}
