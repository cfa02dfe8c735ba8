package dev.scalingar.gateway;

/** The tenants of the test configuration ({@link KafkaTestResource}). */
enum TestTenant {
  /** The main tenant: generous limits, a fixed webhook secret. */
  ACME("acme", "key-acme-0123456789"),
  /** Another customer: must never see acme's jobs. */
  GLOBEX("globex", "key-globex-0123456789"),
  /** Sends only invalid requests (so any record of it in Kafka is a bug). */
  STRICT("strict", "key-strict-0123456789"),
  /** 2 requests at once, then one per 10 s. */
  SLOW("slow", "key-slow-0123456789"),
  /** At most 2 queued jobs. */
  CAPPED("capped", "key-capped-0123456789");

  static final String ACME_WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  final String id;
  final String apiKey;

  TestTenant(String id, String apiKey) {
    this.id = id;
    this.apiKey = apiKey;
  }

  String bearer() {
    return "Bearer " + apiKey;
  }
}
