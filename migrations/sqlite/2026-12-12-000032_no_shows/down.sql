DROP TABLE no_shows;
DROP TABLE capacity_reductions;
