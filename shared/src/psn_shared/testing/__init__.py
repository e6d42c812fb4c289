"""Test helpers: real PostgreSQL and RabbitMQ for every test run, isolated by name."""
