"""Dashboards: the trust's, each cluster's and each school's picture at a glance, with the trust's own
targets. Figures are read from the apps below (returns, visits, plans, reviews, risk); nothing is kept
here but the trust's targets."""
