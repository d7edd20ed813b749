DROP TABLE surges;
