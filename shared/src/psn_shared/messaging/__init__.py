"""RabbitMQ plumbing: topology, the outbox relay and the idempotent consumer."""
