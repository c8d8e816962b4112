"""The in-app inbox pages every role shares (issue 12 item 8): the list with each
message in the reader's language, marking read, and the unread badge.

Each blueprint mounts `inbox_page` and `mark_inbox_read` under its own URL (rep:
/rep/inbox, HQ: /hq/inbox, owner: the owner part's `store.inbox`), with its own layout.
"""
