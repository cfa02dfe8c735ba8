package dev.scalingar.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a real Kafka broker and a real S3-compatible server. Both start once per test
 * JVM (together, in parallel) and stop when the JVM's tests are done. Test methods declare {@link
 * TestKafka} and/or {@link TestS3} parameters; each test gets its own topics and bucket.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealInfraExtension.class)
public @interface RealInfra {}
