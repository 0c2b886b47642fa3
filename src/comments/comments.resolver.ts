import { Args, ID, Mutation, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer } from '../viewer/viewer.decorators.js';
import type { Viewer } from '../viewer/viewer.js';
import { DomainError } from '../common/errors.js';
import type { GqlContext } from '../viewer/gql-context.js';
import { DirectField } from '../graphql/direct-fields.js';
import { Match } from '../matching/match.entity.js';
import type { OrganizationLoaders } from '../organizations/organization.loaders.js';
import { User } from '../organizations/user.entity.js';
import { AssistanceRequest } from '../requests/assistance-request.entity.js';
import { Comment } from './comment.entity.js';
import { CommentsService } from './comments.service.js';
import type { ThreadLoaders } from './thread.loaders.js';

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
  async author(comment: Comment, _args: unknown, context: GqlContext<OrganizationLoaders>): Promise<User> {
    const author = await context.loaders.user.load(comment.authorId);
    if (!author) throw new DomainError('NOT_FOUND', 'Comment author not found');
    return author;
  }
}

/** `comments` on requests and matches: whoever sees the subject sees its comments, oldest first. */
@Resolver(() => AssistanceRequest)
export class RequestCommentsResolver {
  @ResolveField(() => [Comment])
  @DirectField('AssistanceRequest')
  comments(
    request: AssistanceRequest,
    _args: unknown,
    context: GqlContext<ThreadLoaders>,
  ): Promise<Comment[]> {
    return context.loaders.comments.load(request.id);
  }
}

@Resolver(() => Match)
export class MatchCommentsResolver {
  @ResolveField(() => [Comment])
  @DirectField('Match')
  comments(match: Match, _args: unknown, context: GqlContext<ThreadLoaders>): Promise<Comment[]> {
    return context.loaders.comments.load(match.id);
  }
}
