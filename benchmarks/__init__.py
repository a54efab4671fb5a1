"""Load and scale benchmarks that print figures; run by hand, never timed in CI."""
