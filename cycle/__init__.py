"""The meetings of the cycle: the School Improvement Forum, the strategic heads' and hub heads'
meetings, the governor hub meetings and chairs' briefings, and the trust board. Each has its
attendees, an agenda built from live data, decisions and actions that carry forward, and a pack."""
