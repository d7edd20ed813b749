DROP TABLE service_contracts;
DROP TABLE organisation_members;
DROP TABLE organisations;
