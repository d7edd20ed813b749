DROP TABLE audit_log;
DROP TABLE login_throttle;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE schools;
