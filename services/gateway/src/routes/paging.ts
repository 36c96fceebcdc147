import Type from 'typebox'

export const Page = Type.Integer({ minimum: 1, maximum: 10_000, default: 1, description: 'Page number, from 1' })
export const PerPage = Type.Integer({ minimum: 1, maximum: 100, default: 30, description: 'Items per page (GitHub allows at most 100)' })

export const PageInfo = {
  page: Type.Integer(),
  perPage: Type.Integer(),
  nextPage: Type.Union([Type.Integer(), Type.Null()], { description: 'The next page, or null on the last one' }),
}
