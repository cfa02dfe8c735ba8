package dev.scalingar.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FailureMessageTest {

  @Test
  void anExceptionWithoutAMessageIsNamedByItsClass() {
    // what Future.get throws when the broker does not answer in time: getMessage() is null
    assertThat(new TimeoutException().getMessage()).isNull();
    assertThat(FailureMessage.of(new TimeoutException()))
        .isEqualTo("java.util.concurrent.TimeoutException");
    assertThat(
            FailureMessage.of(
                new IllegalStateException(" ", new TimeoutException("no answer in 60 s"))))
        .isEqualTo("java.lang.IllegalStateException (caused by no answer in 60 s)");
  }

  @Test
  void aMessageIsKeptAndAFuturesWrapperLooksThrough() {
    assertThat(FailureMessage.of(new IllegalStateException("S3 unreachable")))
        .isEqualTo("S3 unreachable");
    assertThat(FailureMessage.of(new ExecutionException(new TimeoutException())))
        .isEqualTo("java.util.concurrent.TimeoutException");
  }
}
