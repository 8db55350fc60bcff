"""The action plan's pages, by what they show: plans, priorities, actions, support, lists,
exports and the QA visit's review of actions."""
