DROP TABLE elder_pairings;
