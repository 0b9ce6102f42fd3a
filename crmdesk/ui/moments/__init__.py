"""Moments of truth (issue 19): the counter survey screen and the Service screen."""
