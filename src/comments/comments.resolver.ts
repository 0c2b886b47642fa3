import { Args, ID, Mutation, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer } from '../auth/auth.decorators.js';
import type { Viewer } from '../auth/viewer.js';
import { DomainError } from '../common/errors.js';
import type { GqlContext } from '../common/gql-context.js';
import { DirectField } from '../graphql/direct-fields.js';
import { User } from '../organizations/user.entity.js';
import { Comment } from './comment.entity.js';
import { CommentsService } from './comments.service.js';

@Resolver(() => Comment)
export class CommentsResolver {
  constructor(private readonly service: CommentsService) {}

  @Mutation(() => Comment, { description: 'subjectId: a request or a match the viewer can see' })
  addComment(
    @CurrentViewer() viewer: Viewer,
    @Args('subjectId', { type: () => ID }) subjectId: string,
    @Args('body') body: string,
  ): Promise<Comment> {
    return this.service.add(viewer, subjectId, body);
  }

  @ResolveField(() => User)
  @DirectField('Comment')
  async author(comment: Comment, _args: unknown, context: GqlContext): Promise<User> {
    const author = await context.loaders.user.load(comment.authorId);
    if (!author) throw new DomainError('NOT_FOUND', 'Comment author not found');
    return author;
  }
}
