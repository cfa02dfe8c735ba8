package dev.scalingar.gateway.load;

import dev.scalingar.infra.EmbeddedKafka;
import dev.scalingar.schemas.Topics;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The broker of the load measurement (src/test/load/measure.sh): a real KRaft broker on a fixed
 * loopback port with the fleet's topics, until killed. Not a test.
 */
public final class LoadBroker {

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 19092;
    EmbeddedKafka kafka = EmbeddedKafka.start(port);
    kafka.createTopics(
        List.of(
            new NewTopic(Topics.jobs(dev.scalingar.schemas.JobSpec.DEFAULT_MODEL), 6, (short) 1),
            new NewTopic(Topics.EVENTS, 6, (short) 1),
            new NewTopic(Topics.CONTROL, 1, (short) 1),
            new NewTopic(Topics.JOBS_DLQ, 1, (short) 1)));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  kafka.close();
                  stopped.countDown();
                }));
    System.out.println("READY " + kafka.bootstrapServers());
    System.out.flush();
    stopped.await();
  }

  private LoadBroker() {}
}
