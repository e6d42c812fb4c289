-- One database per service (docker-compose runs this on the PostgreSQL container's first start).
CREATE DATABASE psn_identity;
CREATE DATABASE psn_training;
CREATE DATABASE psn_sessions;
CREATE DATABASE psn_notifications;
