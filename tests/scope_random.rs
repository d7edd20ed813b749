//! Randomized scope test: being written.
