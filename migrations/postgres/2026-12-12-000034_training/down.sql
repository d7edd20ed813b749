DROP TABLE evaluations;
DROP TABLE commendations;
DROP TABLE training_attendees;
DROP TABLE training_sessions;
