"""A simulated multi-host deployment on one machine (``scripts/cluster``).

Linux network namespaces stand in for hosts, each with its own address on a bridge
(10.77.0.0/24): a load balancer (nginx), two web hosts (gunicorn, production settings), two
worker hosts (RQ workers), a data host (a throwaway PostgreSQL cluster and Redis) and a fake SMS
provider (NHN Cloud's API). The driver (this package, in the root namespace, 10.77.0.1) builds
it, runs the scenario of :mod:`cluster.scenario` and tears everything down.
"""
