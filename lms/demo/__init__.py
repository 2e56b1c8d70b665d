"""The demo: users, staff and (from the content apps) the demo course.

Everything is built through the apps' services, so running it twice changes
nothing the second time.
"""
