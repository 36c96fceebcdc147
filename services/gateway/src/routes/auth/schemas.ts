import Type from 'typebox'

export const LoginQuery = Type.Object({
  redirect: Type.Optional(Type.String({
    maxLength: 2048,
    description: 'Where to go after login: a path or URL on FRONTEND_URL (anything else is refused). Defaults to FRONTEND_URL.',
  })),
})

export const CallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 512, description: "GitHub's one-time authorization code" })),
  state: Type.Optional(Type.String({ maxLength: 512, description: 'The state /auth/login sent to GitHub' })),
  error: Type.Optional(Type.String({ maxLength: 256, description: 'Set by GitHub when the user denied consent' })),
  error_description: Type.Optional(Type.String({ maxLength: 1024 })),
  error_uri: Type.Optional(Type.String({ maxLength: 1024 })),
})

const SessionUserBody = Type.Object({
  id: Type.String({ format: 'uuid', description: 'Our platform account id' }),
  githubId: Type.Integer(),
  login: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
})

export const SessionBody = Type.Object({
  user: SessionUserBody,
  csrfToken: Type.String({ description: 'Send it back in the x-csrf-token header on POST and DELETE requests' }),
  expiresAt: Type.String({ format: 'date-time', description: 'When this session ends; sign in again after' }),
})

export const redirectResponse = (description: string) => ({ description, type: 'null' as const })
