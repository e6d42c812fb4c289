"""Plumbing shared by every Peer Support Network service: written once, used by all four."""
