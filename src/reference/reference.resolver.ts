import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { UnLanguage } from '../common/enums.js';
import { translate } from '../common/i18n.js';
import { MemberState } from './member-state.entity.js';
import { ReferenceService } from './reference.service.js';
import { languageOf, Vocabulary, VocabularyTerm } from './vocabulary.js';

type LanguageContext = Parameters<typeof languageOf>[1];

@Resolver(() => MemberState)
export class ReferenceResolver {
  constructor(private readonly reference: ReferenceService) {}

  @Query(() => [MemberState])
  memberStates(
    @Args('region', { type: () => String, nullable: true }) region?: string | null,
  ): MemberState[] {
    return this.reference.memberStates(region);
  }

  @Query(() => [VocabularyTerm], {
    description:
      "A vocabulary's terms with their labels in `locale`, else the viewer's preferred language, else Accept-Language, else English",
  })
  async vocabulary(
    @Args('name', { type: () => Vocabulary }) name: Vocabulary,
    @Args('locale', { type: () => UnLanguage, nullable: true }) locale: UnLanguage | null | undefined,
    @Context() context: LanguageContext,
  ): Promise<VocabularyTerm[]> {
    const language = await languageOf(locale, context);
    return this.reference
      .vocabularyTerms(name)
      .map((code) => ({ code, label: translate(`${name}.${code}`, language) }));
  }

  @ResolveField(() => String, {
    description:
      "Its name in `locale`, else the viewer's preferred language, else Accept-Language, else English",
  })
  async localizedName(
    @Parent() state: MemberState,
    @Args('locale', { type: () => UnLanguage, nullable: true }) locale: UnLanguage | null | undefined,
    @Context() context: LanguageContext,
  ): Promise<string> {
    const language = await languageOf(locale, context);
    return state.names?.[language.toLowerCase()] ?? state.name;
  }
}
