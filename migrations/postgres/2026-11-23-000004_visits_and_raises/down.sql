DROP TABLE visits;
DROP TABLE tier_raises;
