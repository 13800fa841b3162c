"""Helpers that start real things for Glimmr's Python tests and the cluster benchmark: a Spark standalone cluster
(master and workers as processes of their own), an S3-API server, hospital websites on loopback, and the command
lines of Glimmr itself. Each one that starts a process is a context manager that stops it, and what it started
with it, on exit."""
