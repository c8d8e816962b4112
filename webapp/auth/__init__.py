"""The auth blueprint: `views` (sign-in, sign-out, the language switch) and `forms`;
`credentials` (checking a password, the device grant) and `roles` (each role's home,
the role check of every view) are shared with the other blueprints."""
