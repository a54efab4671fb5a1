"""Open Space in a workshop: participants propose sessions, the facilitator lays out the
marketplace of time slots and rooms, everyone picks where to go (and may change their
mind: the law of two feet), and each session's report becomes part of the proceedings.

- `grid`: the facilitator's writes (switching it on, slots, rooms, placing sessions).
- `market`: the participants' writes, authorised by their token (proposing, picking).
- `withdrawal`: taking a session off again (its proposer, or the facilitator).
- `reports`: a session's report, whose ideas join the board with their lineage.
- `view`: what tablets, console and projector show, behind a cheap version.
- `proceedings`: every report together, as a PDF.
"""
