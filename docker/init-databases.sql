-- One database per service: a service never reads another's tables.
CREATE DATABASE selvbook_schedule;
CREATE DATABASE selvbook_deadline;
CREATE DATABASE selvbook_booking;
CREATE DATABASE selvbook_notification;
