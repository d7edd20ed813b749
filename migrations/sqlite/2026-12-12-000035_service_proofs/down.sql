DROP TABLE service_corrections;
DROP TABLE service_proofs;
