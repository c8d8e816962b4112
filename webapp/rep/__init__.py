"""The rep blueprint: `views` (the blueprint and its URL rules), `forms` (what a person
can fix on a capture form), `queries` (what the pages read), and `capture` (a posted
form turned into sync records and applied)."""
